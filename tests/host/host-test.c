// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of xvm-run's pure parts, run on the build machine: no
 * /dev/xvm needed. Prints one line per check, then "N passed, N failed".
 */
#include <stdbool.h>

#include "check.h"

int checks_passed, checks_failed;

int main(void)
{
	test_options();
	test_loader();
	test_modes();
	test_uart();
	test_iotab();
	test_pc();
	printf("%d passed, %d failed\n", checks_passed, checks_failed);
	return checks_failed ? 1 : 0;
}
