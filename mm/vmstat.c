/*
 * mm/vmstat.c - the event counters behind /proc/vmstat (enum vm_event).
 * One CPU, so plain increments suffice.
 */
#include "mm.h"

uint64_t vm_events[NR_VM_EVENTS];
