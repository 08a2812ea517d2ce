/*
 * x86.h (x86_64) -- what the files of the x86_64 HAL share: the address
 * space layout, the per-CPU block reached through %gs, port and MSR
 * access, and the interfaces between the HAL's files.
 */
#ifndef X86_H
#define X86_H

#include "kernel.h"

#define KERNEL_VMA 0xffffffff80000000ull	/* the image: KERNEL_VMA + pa */
#define DIRECT_MAP 0xffff800000000000ull	/* all of RAM: DIRECT_MAP + pa */
#define DIRECT_MAP_MAX (64ull << 30)		/* bytes the direct map covers */
#define TRAMPOLINE_PA 0x8000ull			/* the APs' real-mode start */

/* Selectors, as Linux lays out its GDT (the sim's signal frames say 0x33). */
#define SEL_KCODE 0x10
#define SEL_KDATA 0x18
#define SEL_UCODE32 0x23
#define SEL_UDATA 0x2b
#define SEL_UCODE 0x33
#define SEL_TSS 0x40
#define GDT_ENTRIES 10

/* Vectors: exceptions 0-31, HAL line n at 32 + n, the HAL's own at the top. */
#define VEC_LINE0 32
#define VEC_TLB 0xf0		/* TLB shootdown */
#define VEC_HALT 0xf1		/* another CPU panicked: stop */
#define VEC_SPURIOUS 0xff
#define VEC_SYSCALL 0x100	/* pseudo-vector: user mode ran `syscall` */
#define HAL_LINE_CONSOLE 2	/* the 16550's receive interrupt */
#define HAL_LINE_DISK 3		/* every virtio-blk function's INTx */

#define EINVAL_HAL 22
#define ENOMEM_HAL 12
#define EBUSY_HAL 16
#define EFAULT_HAL 14
#define ENODEV_HAL 19
#define EIO_HAL 5
#define EROFS_HAL 30

/* The 64-bit TSS (no I/O bitmap). */
struct tss {
	uint32_t reserved0;
	uint64_t rsp0, rsp1, rsp2;
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap;
} __attribute__((packed));

/*
 * Per-CPU block; %gs points at it in the kernel. The first fields are
 * reached from assembly at the PC_* offsets (checked in cpu.c).
 */
struct pcpu {
	struct pcpu *self;		/* PC_SELF */
	void *current;			/* PC_CURRENT: hal_current() */
	int64_t id;			/* PC_ID */
	struct hal_tf *tf;		/* PC_TF: the user registers in use */
	uint64_t krsp;			/* PC_KRSP: kernel rsp in user mode */
	uint64_t scratch;		/* PC_SCRATCH: user rsp at syscall */
	uint64_t vec;			/* PC_VEC: why user mode stopped */
	uint64_t err;			/* PC_ERR: its error code */
	uint64_t cr2;			/* PC_CR2: its fault address */
	uint64_t tss_rsp0_ptr;		/* PC_RSP0P: &tss.rsp0 */
	/* Not used from assembly: */
	uint32_t apic_id;
	uint64_t fsbase;		/* FS base loaded now */
	uint64_t deadline;		/* hal_timer_oneshot's, 0 none */
	struct hal_pt *pt;		/* whose root CR3 holds, NULL: kernel's */
	uint64_t tlb_req, tlb_done;	/* shootdown generations */
	struct hal_pt *tlb_drop;	/* with the request: leave this pt */
	struct tss tss __attribute__((aligned(16)));
	uint64_t gdt[GDT_ENTRIES] __attribute__((aligned(16)));
} __attribute__((aligned(64)));

#define PC_SELF 0
#define PC_CURRENT 8
#define PC_ID 16
#define PC_TF 24
#define PC_KRSP 32
#define PC_SCRATCH 40
#define PC_VEC 48
#define PC_ERR 56
#define PC_CR2 64
#define PC_RSP0P 72

/* Registers pushed by the interrupt stubs for a trap in kernel mode. */
struct kframe {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vec, err;
	uint64_t rip, cs, rflags, rsp, ss;
};

/* ---- instructions ---- */

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outw(uint16_t port, uint16_t v) { __asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outl(uint16_t port, uint32_t v) { __asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint16_t inw(uint16_t port) { uint16_t v; __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint32_t inl(uint16_t port) { uint32_t v; __asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }

static inline uint64_t
rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void
wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline void
cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

static inline uint64_t
rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline uint64_t read_cr2(void) { uint64_t v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline uint64_t read_cr3(void) { uint64_t v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline void write_cr3(uint64_t v) { __asm__ volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }
static inline uint64_t read_cr4(void) { uint64_t v; __asm__ volatile("mov %%cr4, %0" : "=r"(v)); return v; }
static inline void write_cr4(uint64_t v) { __asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory"); }
static inline uint64_t read_cr0(void) { uint64_t v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static inline void write_cr0(uint64_t v) { __asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory"); }
static inline void invlpg(uintptr_t va) { __asm__ volatile("invlpg (%0)" : : "r"(va) : "memory"); }

static inline struct pcpu *
this_pcpu(void)
{
	struct pcpu *p;

	__asm__ volatile("mov %%gs:0, %0" : "=r"(p));
	return p;
}

#define MSR_EFER 0xc0000080
#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_SFMASK 0xc0000084
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102
#define MSR_APIC_BASE 0x1b
#define EFER_SCE 0x001
#define EFER_LME 0x100
#define EFER_NXE 0x800

/* ---- between the HAL's files ---- */

/* boot.c: what the loader said. */
struct memmap_entry {
	uint64_t base, size;
	uint32_t type;		/* 1 RAM, 2 reserved, 3 ACPI, 4 NVS, ... */
};
#define X86_MEMMAP_MAX 128
extern struct memmap_entry x86_memmap[X86_MEMMAP_MAX];
extern int x86_nmemmap;
const char *x86_loader(void);
void x86_copy_kernel_half(uint64_t *pml4);
extern int x86_ncpu;
extern struct pcpu x86_pcpu[HAL_MAX_CPUS];
extern uint32_t x86_apic_ids[HAL_MAX_CPUS];
extern uint64_t x86_kernel_pml4;	/* physical: the kernel's page table */
extern bool x86_has_nx;
void x86_boot_info(void);		/* memory map, command line, initrd */
void x86_add_memmap(uint64_t base, uint64_t size, uint32_t type);
void x86_set_cmdline(const char *s);
void x86_set_initrd(paddr_t pa, size_t size);
bool x86_booted_by_grub(void);		/* multiboot2, not PVH */
void x86_mem_init(void);		/* the direct map */
void *x86_early_p2v(paddr_t pa);	/* before the direct map: pa < 4 GiB */

/* multiboot2.c: GRUB's information; false when there is none to read */
bool multiboot2_parse(paddr_t pa);

/* acpi.c */
extern uint64_t acpi_rsdp;			/* from the loader, 0: search */
void acpi_init(void);
extern uint64_t acpi_lapic_pa, acpi_ioapic_pa;
extern uint32_t acpi_ioapic_gsi_base;
int acpi_isa_gsi(int irq, bool *level, bool *low);
void acpi_poweroff(void);
void acpi_reset(void);

/* apic.c */
void lapic_init(void);
void lapic_eoi(void);
uint32_t lapic_id(void);
uint32_t lapic_id_early(void);
void lapic_send_ipi(uint32_t apic_id, uint32_t icr_low);
void lapic_timer_arm(uint64_t ticks);
uint32_t lapic_timer_current(void);
void ioapic_init(void);
void ioapic_route(int gsi, int vector, bool level, bool low, uint32_t apic_id);

/* time.c */
void time_init(void);
void time_cpu_init(void);
bool time_timer_due(void);		/* the LAPIC timer fired */
void time_delay_us(uint64_t us);

/* cpu.c */
void cpu_init_bsp(void);
void cpu_init_this(int id);		/* GDT, TSS, IDT, MSRs, %gs */
void cpu_start_aps_prepare(void);
void x86_ap_main(void);
void x86_halt_others(void);

/* irq.c */
void irq_init(void);
void irq_dispatch(unsigned vec);
void x86_kernel_trap(struct kframe *f);
extern const uint64_t isr_table[256];

/* console.c */
void console_init(void);
void console_irq_init(void);
void console_early_puts(const char *s);
void console_isr(void);

/* kbd.c: a PS/2 keyboard as console input (GRUB boots only) */
#define KBD_MAX_BYTES 4			/* the longest key: ESC [ 3 ~ */
void kbd_init(void);
void kbd_irq_init(void);
bool kbd_present(void);
int kbd_read(uint8_t out[KBD_MAX_BYTES]);

/* screen.c: the screen GRUB leaves (multiboot2 framebuffer tag) */
void screen_set_framebuffer(uint64_t addr, uint32_t pitch, uint32_t width,
			 uint32_t height, uint8_t bpp, uint8_t type);
void screen_set_rgb(uint8_t red_pos, uint8_t red_size, uint8_t green_pos,
		    uint8_t green_size, uint8_t blue_pos, uint8_t blue_size);
void screen_set_font(paddr_t pa, size_t size);
void screen_init(void);			/* after the direct map */
void screen_put(const char *s, size_t n);

/* block.c */
void vblk_init(void);			/* find the disks (PCI) */
void vblk_isr(void);
void fwcfg_init(void);			/* ramfb, if QEMU has one */

/* mmu.c */
void mmu_tlb_ipi(void);
void mmu_switch_kernel(void);

/* entry.S, ctx.S */
uint64_t x86_user_enter(struct hal_tf *tf);
void syscall_entry(void);

/* debug.c */
void x86_backtrace_from(uint64_t rbp, uintptr_t *pcs, int *n, int max);

/* symbols of the linker script (kernel.ld) */
extern char _kernel_start[], _kernel_end[], __bss_start[], __bss_end[];
extern char trampoline_start[], trampoline_end[];

#endif
