/*
 * A stand-in for Windows' bcryptprimitives.dll, for running Kinko's Windows
 * test binaries under Wine in CI only (never shipped).
 *
 * Go's runtime (1.22 and later) loads bcryptprimitives.dll from system32 at
 * start and calls ProcessPrng for every random byte; crypto/rand does the
 * same. Wine 8.0 has no bcryptprimitives.dll, so a Go .exe dies before main.
 * ProcessPrng here forwards to RtlGenRandom (exported by advapi32 as
 * SystemFunction036), which Wine implements over the host's random source.
 * RtlGenRandom takes a ULONG length, so larger requests are split.
 *
 * Build: x86_64-w64-mingw32-gcc -shared -O2 -o bcryptprimitives.dll \
 *          bcryptprimitives.c bcryptprimitives.def -ladvapi32
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE inst, DWORD reason, LPVOID reserved)
{
    (void)inst; (void)reason; (void)reserved;
    return TRUE;
}
