/* reasoner.h — the C ABI of Reasoner (libReasoner.so). The one contract between the Swift core and
 * any other language. Conventions:
 *   - every symbol starts with rs_; handles are opaque; every create has a free;
 *   - fallible functions return int32_t status (RS_OK = 0) and write results through out-parameters;
 *   - on failure, rs_last_error_message() gives a message for the calling thread.
 * Checked against the Swift-generated header by scripts/check_abi.sh (run by `make test`). */
#ifndef REASONER_H
#define REASONER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RS_ABI_VERSION 1

/* Status codes. */
enum {
  RS_OK = 0,               /* success */
  RS_ERR_INVALID = 1,      /* an argument was out of range or malformed */
  RS_ERR_IO = 2,           /* a file could not be read or written */
  RS_ERR_NUMERICAL = 3,    /* NaN or infinity where a finite value was required */
  RS_ERR_CALLBACK = 4,     /* a user callback returned non-zero; the batch was aborted */
  RS_ERR_UNSUPPORTED = 5,  /* a format feature this build does not handle */
  RS_ERR_INTERNAL = 99     /* a bug: please report it */
};

/* The ABI version this library implements (RS_ABI_VERSION when built). */
int32_t rs_abi_version(void);

/* The library's version string, e.g. "0.1.0". Static storage; never free it. */
const char *rs_version(void);

/* The last error message set on this thread, or "" when none. Valid until the next rs_ call on
 * this thread. */
const char *rs_last_error_message(void);

#ifdef __cplusplus
}
#endif
#endif /* REASONER_H */
