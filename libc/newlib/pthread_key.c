/*
 * libc/newlib/pthread_key.c - thread-specific data.  A key is a slot in
 * every thread's struct pthread; each slot remembers the sequence number
 * its key had when the value was set, so a value left by a deleted key
 * reads as NULL once the slot is reused (pthread_key_create's promise).
 * pthread_exit runs the destructors, up to PTHREAD_DESTRUCTOR_ITERATIONS
 * rounds while values remain.
 */
#include "pthread_impl.h"

static struct {
	unsigned seq;			/* odd while the key exists */
	void (*destructor)(void *);
} keys[PTHREAD_KEYS_MAX];
static volatile int keys_lock;

int pthread_key_create(pthread_key_t *key, void (*destructor)(void *))
{
	__lll_lock(&keys_lock);
	for (unsigned k = 0; k < PTHREAD_KEYS_MAX; k++) {
		if (keys[k].seq % 2)
			continue;
		keys[k].seq++;
		keys[k].destructor = destructor;
		__lll_unlock(&keys_lock);
		*key = k;
		return 0;
	}
	__lll_unlock(&keys_lock);
	return EAGAIN;
}

int pthread_key_delete(pthread_key_t key)
{
	int err = EINVAL;

	__lll_lock(&keys_lock);
	if (key < PTHREAD_KEYS_MAX && keys[key].seq % 2) {
		keys[key].seq++;
		err = 0;
	}
	__lll_unlock(&keys_lock);
	return err;
}

void *pthread_getspecific(pthread_key_t key)
{
	struct pthread *self = __pthread_self();

	if (key >= PTHREAD_KEYS_MAX || self->specific[key].seq != keys[key].seq)
		return NULL;
	return self->specific[key].value;
}

int pthread_setspecific(pthread_key_t key, const void *value)
{
	struct pthread *self = __pthread_self();

	if (key >= PTHREAD_KEYS_MAX || keys[key].seq % 2 == 0)
		return EINVAL;
	self->specific[key].seq = keys[key].seq;
	self->specific[key].value = (void *)value;
	return 0;
}

/* Each live key's destructor on the thread's non-NULL value (set to NULL
 * first), again while a destructor sets values. */
void __pthread_run_destructors(struct pthread *self)
{
	for (int round = 0; round < PTHREAD_DESTRUCTOR_ITERATIONS; round++) {
		int ran = 0;
		for (unsigned k = 0; k < PTHREAD_KEYS_MAX; k++) {
			void *v = self->specific[k].value;
			void (*d)(void *) = keys[k].destructor;
			if (!v || self->specific[k].seq != keys[k].seq || !d)
				continue;
			self->specific[k].value = NULL;
			d(v);
			ran = 1;
		}
		if (!ran)
			return;
	}
}
