/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny check framework for the host unit tests: CHECK prints one line
 * per check; host-test.c sums up.
 */
#ifndef XVM_HOST_CHECK_H
#define XVM_HOST_CHECK_H

#include <stdio.h>

extern int checks_passed, checks_failed;

#define CHECK(cond, ...)						\
	do {								\
		bool ok_ = (cond);					\
		printf("%s ", ok_ ? "ok  " : "FAIL");			\
		printf(__VA_ARGS__);					\
		if (!ok_)						\
			printf("  [%s:%d: %s]", __FILE__, __LINE__, #cond); \
		putchar('\n');						\
		if (ok_)						\
			checks_passed++;				\
		else							\
			checks_failed++;				\
	} while (0)

void test_options(void);
void test_loader(void);
void test_modes(void);
void test_uart(void);
void test_iotab(void);
void test_pc(void);

#endif /* XVM_HOST_CHECK_H */
