# Thin front door; the work is in scripts/, guest/ and host/.
#   make kernels    out/bzImage-base (unmodified) and out/bzImage (series),
#                   the same configuration
#   make kernel     out/bzImage alone (what make test boots)
#   make debug-kernels  out/bzImage-debug (series, KASAN & co.) and
#                   out/bzImage-debug-xen (the same without KASAN, for Xen)
#   make initramfs  out/initramfs-KERNEL*.cpio.gz for every kernel built
#   make test       every scenario of make test, short forms, on the series
#                   kernel, and the harness self-tests; one table (CI)
#   make soak       everything beyond make test: the long forms (50 balloon
#                   cycles, 20 race rounds, stress-ng), the debug kernels
#                   and the base kernel's expected results
#   make demo       Xen PV dom0 balloon growth on out/bzImage, then on the base
#   make mutants    break the series on purpose (tests/mutants/) and check
#                   that make test's scenarios notice; not part of make test
#   make bench      timings, base and series interleaved (out/bench/);
#                   not part of make test
# Scenarios or kernels can be picked: make test RUN="-s acpi-dimm -k base"

RUN ?=

.PHONY: all kernel kernels debug-kernels initramfs test soak demo mutants bench
all: test

kernel:
	scripts/deps
	scripts/tree
	scripts/build-kernel patched

kernels: kernel
	scripts/build-kernel base

debug-kernels: kernels
	scripts/build-kernel debug
	scripts/build-kernel debug-xen

initramfs:
	guest/xen/mkoverlay
	guest/mkinitramfs

test: kernel initramfs
	host/run.py $(RUN)

soak: debug-kernels initramfs
	host/run.py --soak $(RUN)

demo: kernels initramfs
	host/demo.py

mutants: kernel initramfs
	scripts/mutants

bench: kernels initramfs
	bench/sizes.sh
	bench/virtio-mem.sh
	bench/xen-growth.sh
