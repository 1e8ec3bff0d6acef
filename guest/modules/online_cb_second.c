// SPDX-License-Identifier: GPL-2.0
/*
 * online_cb_second: on the base kernel, try to become a second user of the
 * one global online_page_callback while a driver (virtio-mem) holds it, and
 * print what set_online_page_callback() returned.  The virtio-mem scenario
 * loads it; scripts/build-kernel builds it against the base kernel only, as
 * the series removes the callback.
 */
#include <linux/memory_hotplug.h>
#include <linux/module.h>

static void online_cb_second_online_page(struct page *page, unsigned int order)
{
	generic_online_page(page, order);
}

static int __init online_cb_second_init(void)
{
	int rc = set_online_page_callback(online_cb_second_online_page);

	pr_info("online_cb_second: set_online_page_callback() returned %d\n", rc);
	if (!rc)
		restore_online_page_callback(online_cb_second_online_page);
	return 0;
}

static void __exit online_cb_second_exit(void)
{
}

module_init(online_cb_second_init);
module_exit(online_cb_second_exit);
MODULE_DESCRIPTION("Try to register a second online_page_callback");
MODULE_LICENSE("GPL");
