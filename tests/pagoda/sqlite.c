/*
 * tests/pagoda/sqlite.c - SQLite on a file database, linked statically
 * with Debian's libsqlite3.a (tools/test: pagoda/sqlite-file-db).  Its
 * default unix VFS takes fcntl record locks on the database and on the
 * rollback journal for every statement, so without them each one fails
 * with "disk I/O error".  Creates a table, inserts in a transaction,
 * queries, then a forked child opens the same database while the parent
 * holds a write transaction and must see SQLITE_BUSY, as on Linux.
 * Prints what it finds; the output is compared with the same binary's on
 * the host.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define DB "sqlite-test.db"

/* Run sql, printing each result row as "a|b|..."; returns the result code. */
static int run(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK) {
		printf("prepare %s: %s\n", sql, sqlite3_errmsg(db));
		return rc;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++)
			printf("%s%s", i ? "|" : "", (const char *)sqlite3_column_text(st, i));
		printf("\n");
	}
	if (rc != SQLITE_DONE)
		printf("step %s: %s\n", sql, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int main(void)
{
	sqlite3 *db;
	char sql[128];

	unlink(DB);
	if (sqlite3_open(DB, &db) != SQLITE_OK) {
		printf("open: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	int bad = run(db, "CREATE TABLE pages(id INTEGER PRIMARY KEY, name TEXT, kb INT)");
	bad |= run(db, "BEGIN");
	for (int i = 1; i <= 50; i++) {
		snprintf(sql, sizeof(sql), "INSERT INTO pages(name, kb) VALUES('p%d', %d)",
			 i, i * 4);
		bad |= run(db, sql);
	}
	bad |= run(db, "COMMIT");
	bad |= run(db, "SELECT count(*), sum(kb), max(name) FROM pages");
	bad |= run(db, "UPDATE pages SET kb = kb * 2 WHERE id % 10 = 0");
	bad |= run(db, "SELECT id, name, kb FROM pages WHERE id % 10 = 0 ORDER BY id");
	bad |= run(db, "BEGIN IMMEDIATE");
	fflush(stdout);
	pid_t child = fork();
	if (child == 0) {
		sqlite3 *other;
		sqlite3_open(DB, &other);
		int rc = sqlite3_exec(other, "INSERT INTO pages(name, kb) VALUES('x', 1)",
				      NULL, NULL, NULL);
		printf("another process writing meanwhile: %s\n",
		       rc == SQLITE_BUSY ? "SQLITE_BUSY" : sqlite3_errstr(rc));
		sqlite3_close(other);
		fflush(stdout);
		_exit(0);
	}
	waitpid(child, NULL, 0);
	bad |= run(db, "DELETE FROM pages WHERE id > 40");
	bad |= run(db, "COMMIT");
	bad |= run(db, "SELECT count(*), sum(kb) FROM pages");
	sqlite3_close(db);
	if (sqlite3_open(DB, &db) != SQLITE_OK)
		bad = 1;
	bad |= run(db, "SELECT count(*) FROM pages");
	sqlite3_close(db);
	unlink(DB);
	printf("%s\n", bad ? "FAIL" : "PASS");
	return bad ? 1 : 0;
}
