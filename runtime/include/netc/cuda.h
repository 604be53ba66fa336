/*===- netc/cuda.h - C ABI of the netc runtime for CUDA models -----*- C -*-===*
 *
 * What models compiled with `--target cuda` and their generated headers call.
 * The CUDA driver (libcuda.so.1) is loaded with dlopen on first use, so this
 * library builds, links and loads on machines without a GPU or driver; there,
 * netc_cuda_open fails with a message saying so. Every CUDA failure is returned
 * as a netc_status naming the operation and the CUDA error, never printed.
 *
 * Unlike the rest of the runtime this keeps process-wide state, as the driver
 * does: the driver's entry points, the device's primary context (retained by
 * netc_cuda_open, kept until exit) and the kernel modules loaded from models,
 * each once per process. One device per process.
 *
 *===----------------------------------------------------------------------===*/
#ifndef NETC_CUDA_H
#define NETC_CUDA_H

#include "netc/runtime.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Loads the driver (the library named by the environment variable NETC_LIBCUDA
 * if set, else libcuda.so.1), initialises it and makes the primary context of
 * device `device` current on the calling thread (and on every thread that later
 * calls this runtime). Fails if there is no such device or if its compute
 * capability is below `major`.`minor`, the architecture the model was
 * compiled for.
 */
netc_status *netc_cuda_open(int32_t device, int32_t major, int32_t minor);

/** Device memory of `bytes` (none for 0) in `*out`. */
netc_status *netc_cuda_malloc(size_t bytes, void **out);
/** Releases netc_cuda_malloc memory; NULL is allowed. */
void netc_cuda_free(void *device_memory);

/** A stream that does not synchronise with the default stream. */
netc_status *netc_cuda_stream_create(void **out);
/** Releases a stream; NULL is allowed. */
void netc_cuda_stream_destroy(void *stream);
/** Waits for the work queued on `stream` (NULL: the default stream). */
netc_status *netc_cuda_stream_synchronize(void *stream);

/** Queues copies of `bytes` between host and device memory on `stream`. */
netc_status *netc_cuda_copy_to_device(void *device_dst, const void *host_src, size_t bytes,
                                      void *stream);
netc_status *netc_cuda_copy_to_host(void *host_dst, const void *device_src, size_t bytes,
                                    void *stream);

/**
 * Kernel launches from compiled models report their failures to the calling
 * thread: netc_cuda_launches_begin forgets any earlier one, and
 * netc_cuda_launches_end returns the first since (the launches after a failure
 * are skipped). Errors of the kernels themselves show when the stream is
 * synchronised.
 */
void netc_cuda_launches_begin(void);
netc_status *netc_cuda_launches_end(void);

#ifdef __cplusplus
}
#endif

#endif /* NETC_CUDA_H */
