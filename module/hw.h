/* SPDX-License-Identifier: GPL-2.0 */
#ifndef XVM_HW_H
#define XVM_HW_H

/* Set once the machine reboots: no vCPU may enter a guest any more. */
extern bool xvm_rebooting;

int xvm_hw_enable_all(void);
void xvm_hw_disable_all(void);

#endif /* XVM_HW_H */
