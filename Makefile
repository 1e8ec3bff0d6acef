# Thin front door; the work is in scripts/, guest/ and host/.
#   make kernels    out/bzImage-base (unmodified), out/bzImage (series),
#                   out/bzImage-debug (series, KASAN & co.) and
#                   out/bzImage-debug-xen (the same without KASAN, for Xen)
#   make initramfs  out/initramfs-{base,patched}.cpio.gz
#   make test       every scenario on both kernels, then one table
#   make demo       Xen PV dom0 balloon growth on out/bzImage, then on the base
#   make mutants    break the series on purpose (tests/mutants/) and check
#                   that the tests notice; not part of make test
#   make bench      timings, base and series interleaved (out/bench/);
#                   not part of make test
# Scenarios or kernels can be picked: make test RUN="-s acpi-dimm -k base"

RUN ?=

.PHONY: all kernels initramfs test demo mutants bench
all: test

kernels:
	scripts/deps
	scripts/tree
	scripts/build-kernel base
	scripts/build-kernel patched
	scripts/build-kernel debug
	scripts/build-kernel debug-xen

initramfs:
	guest/xen/mkoverlay
	guest/mkinitramfs

test: kernels initramfs
	host/run.py $(RUN)

demo: kernels initramfs
	host/demo.py

mutants: kernels initramfs
	scripts/mutants

bench: kernels initramfs
	bench/sizes.sh
	bench/virtio-mem.sh
	bench/xen-growth.sh
