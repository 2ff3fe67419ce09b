/* abi_check.c — compiled (never run) by scripts/check_abi.sh: reasoner.h and the Swift-generated
 * Reasoner-Swift.h in one translation unit, so clang reports "conflicting types" for any rs_ function
 * whose Swift @c shim disagrees with the public header. */
#include "reasoner.h"
#include "Reasoner-Swift.h"

#if RS_ABI_VERSION < 1
#error "RS_ABI_VERSION must be >= 1"
#endif
