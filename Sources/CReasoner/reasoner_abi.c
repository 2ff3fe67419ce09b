// C-side helpers of the ABI: memory the caller frees with the same allocator that made it.
#include "reasoner.h"
