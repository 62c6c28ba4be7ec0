/* Minimal Cortex-M4F start-up for the device example: vector table, .data/.bss set-up, FPU
 * enable, semihosting output and exit. No C library. */
#include <stdint.h>

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
int main(void);

/* ARM semihosting call (`bkpt 0xab`): QEMU's -semihosting-config enable=on serves it. */
static int semihost(int op, const void *arg) {
    register int r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

/* Host stdout: ":tt" opened for writing (mode 4), then SYS_WRITE (SYS_WRITE0 would go to
 * QEMU's stderr). */
void semihost_write(const char *s) {
    static int handle = -1;
    if (handle < 0) {
        const void *open_args[3] = {":tt", (const void *)4, (const void *)3};
        handle = semihost(0x01 /* SYS_OPEN */, open_args);
    }
    uint32_t n = 0;
    while (s[n]) n++;
    const void *write_args[3] = {(const void *)(uintptr_t)handle, s, (const void *)(uintptr_t)n};
    semihost(0x05 /* SYS_WRITE */, write_args);
}

static void semihost_exit(int ok) {
    /* SYS_EXIT with ADP_Stopped_ApplicationExit exits QEMU with 0; any other reason with 1. */
    semihost(0x18, (const void *)(uintptr_t)(ok ? 0x20026 : 0x20024));
    for (;;) {
    }
}

void Reset_Handler(void) {
    uint32_t *src = &_sidata, *dst = &_sdata;
    while (dst < &_edata) *dst++ = *src++;
    for (dst = &_sbss; dst < &_ebss;) *dst++ = 0;
    /* Full access to CP10/CP11 (the FPU) before any floating-point instruction. */
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
    __asm__ volatile("dsb\n\tisb" ::: "memory");
    semihost_exit(main() == 0);
}

/* A Rust panic in the library ends in `udf` (see ffi/src/lib.rs): report and fail. */
void HardFault_Handler(void) {
    semihost_write("FAIL HardFault (a panic in the library, or a fault)\n");
    semihost_exit(0);
}

void Default_Handler(void) {
    semihost_write("FAIL unexpected exception\n");
    semihost_exit(0);
}

__attribute__((section(".isr_vector"), used)) static const void *const vectors[16] = {
    &_estack,        Reset_Handler,   Default_Handler, HardFault_Handler,
    Default_Handler, Default_Handler, Default_Handler, 0,
    0,               0,               0,               Default_Handler,
    Default_Handler, 0,               Default_Handler, Default_Handler,
};
