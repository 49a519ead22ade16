#ifndef CMEMORY_H
#define CMEMORY_H

/// Serves every allocation of `bytes` or more from its own mapping, handed back to the system when freed
/// (glibc's `mallopt(M_MMAP_THRESHOLD, bytes)`, which also stops glibc from raising that threshold on its own).
/// Returns 1 on success, 0 when it failed or the C library has no such setting.
int cm_map_allocations_from(int bytes);

#endif
