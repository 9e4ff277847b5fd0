/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupt lines: a fixed table of handlers per line, and the dispatch
 * that the architecture's interrupt entry calls. One CPU: the table is only
 * changed with interrupts disabled, so a dispatch never sees it half
 * updated. A removed handler leaves an empty slot (no compaction), so a
 * handler may unregister itself or another one while the line dispatches.
 */
#include <errno.h>
#include <uk/essentials.h>
#include <uk/print.h>
#include <uk/plat/irq.h>
#include <uk/plat/lcpu.h>
#include <kvm/irq.h>

static struct kvm_irq_handler
	handlers[KVM_IRQ_LINES][KVM_IRQ_HANDLERS_PER_LINE];
static uint64_t unhandled_warned;	/* one bit per line */
static unsigned int irq_depth;		/* handlers running (nesting) */
static ukplat_irq_exit_hook_t exit_hook;
static ukplat_irq_return_hook_t return_hook;

UK_CTASSERT(KVM_IRQ_LINES <= 64);	/* unhandled_warned has 64 bits */

static int line_ok(unsigned long irq)
{
	return irq < KVM_IRQ_LINES && kvm_intctlr_line_valid(irq);
}

int ukplat_irq_register(unsigned long irq, uk_irq_handler_func_t func,
			void *arg)
{
	unsigned long flags;
	unsigned int i;
	int rc = -ENOMEM;

	if (!func || !line_ok(irq))
		return -EINVAL;
	flags = ukplat_lcpu_save_irqf();
	for (i = 0; i < KVM_IRQ_HANDLERS_PER_LINE; i++) {
		struct kvm_irq_handler *h = &handlers[irq][i];

		if (!h->func) {
			h->arg = arg;
			h->func = func;
			kvm_intctlr_unmask(irq);
			rc = 0;
			break;
		}
	}
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

static int line_has_handlers(unsigned long irq)
{
	unsigned int i;

	for (i = 0; i < KVM_IRQ_HANDLERS_PER_LINE; i++)
		if (handlers[irq][i].func)
			return 1;
	return 0;
}

int ukplat_irq_unregister(unsigned long irq, uk_irq_handler_func_t func,
			  void *arg)
{
	unsigned long flags;
	unsigned int i;
	int rc = -ENOENT;

	if (!line_ok(irq))
		return -ENOENT;
	flags = ukplat_lcpu_save_irqf();
	for (i = 0; i < KVM_IRQ_HANDLERS_PER_LINE; i++) {
		struct kvm_irq_handler *h = &handlers[irq][i];

		if (h->func == func && h->arg == arg) {
			h->func = NULL;
			h->arg = NULL;
			rc = 0;
			break;
		}
	}
	if (rc == 0 && !line_has_handlers(irq))
		kvm_intctlr_mask(irq);
	ukplat_lcpu_restore_irqf(flags);
	return rc;
}

void ukplat_irq_mask(unsigned long irq)
{
	unsigned long flags;

	if (!line_ok(irq))
		return;
	flags = ukplat_lcpu_save_irqf();
	kvm_intctlr_mask(irq);
	ukplat_lcpu_restore_irqf(flags);
}

void ukplat_irq_unmask(unsigned long irq)
{
	unsigned long flags;

	if (!line_ok(irq))
		return;
	flags = ukplat_lcpu_save_irqf();
	kvm_intctlr_unmask(irq);
	ukplat_lcpu_restore_irqf(flags);
}

void kvm_irq_line_swap(unsigned long line,
		       struct kvm_irq_handler table[KVM_IRQ_HANDLERS_PER_LINE])
{
	unsigned long flags;
	unsigned int i;

	if (!line_ok(line))
		return;
	flags = ukplat_lcpu_save_irqf();
	for (i = 0; i < KVM_IRQ_HANDLERS_PER_LINE; i++) {
		struct kvm_irq_handler t = handlers[line][i];

		handlers[line][i] = table[i];
		table[i] = t;
	}
	if (line_has_handlers(line))
		kvm_intctlr_unmask(line);
	else
		kvm_intctlr_mask(line);
	ukplat_lcpu_restore_irqf(flags);
}

int ukplat_irq_context(void)
{
	return irq_depth != 0;
}

void kvm_irq_handle(unsigned long line)
{
	unsigned int i;
	int handled = 0;

	if (line >= KVM_IRQ_LINES)
		return;
	irq_depth++;
	for (i = 0; i < KVM_IRQ_HANDLERS_PER_LINE && !handled; i++) {
		struct kvm_irq_handler *h = &handlers[line][i];

		if (h->func)
			handled = h->func(h->arg);
	}
	irq_depth--;
	if (!handled && !(unhandled_warned & (1ULL << line))) {
		unhandled_warned |= 1ULL << line;
		uk_pr_warn("interrupt on line %lu handled by nobody\n", line);
	}
}

ukplat_irq_exit_hook_t ukplat_irq_set_exit_hook(ukplat_irq_exit_hook_t fn)
{
	ukplat_irq_exit_hook_t prev = exit_hook;

	exit_hook = fn;
	return prev;
}

ukplat_irq_return_hook_t
ukplat_irq_set_return_hook(ukplat_irq_return_hook_t fn)
{
	ukplat_irq_return_hook_t prev = return_hook;

	return_hook = fn;
	return prev;
}

void kvm_irq_exit(struct __regs *regs)
{
	if (irq_depth)
		return;
	kvm_irq_defer_drain();
	/* interrupting deferred work: the outer exit calls the hooks */
	if (kvm_irq_defer_draining())
		return;
	if (exit_hook)
		exit_hook();
	if (return_hook && regs)
		return_hook(regs);
}
