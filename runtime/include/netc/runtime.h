/*===- netc/runtime.h - C ABI of the netc runtime ------------------*- C -*-===*
 *
 * What compiled models and their callers link against. Every call that can
 * fail returns a netc_status: NULL on success, otherwise an error the caller
 * owns, reads with netc_status_message and releases with netc_status_free.
 * Nothing prints, aborts or keeps global state, so several models (or several
 * instances of one model) can run on several threads at once.
 *
 *===----------------------------------------------------------------------===*/
#ifndef NETC_RUNTIME_H
#define NETC_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*===----------------------------------------------------------------------===*
 * Status
 *===----------------------------------------------------------------------===*/

/** An error; NULL means success. */
typedef struct netc_status netc_status;

/** The error's message, valid until the status is freed; "" for NULL. */
const char *netc_status_message(const netc_status *status);

/** Releases a status; NULL is allowed. */
void netc_status_free(netc_status *status);

/*===----------------------------------------------------------------------===*
 * Weights
 *===----------------------------------------------------------------------===*/

/** A tensor a compiled model expects, as the model describes it. */
typedef struct netc_tensor_info {
  const char *name;     /**< torchvision state_dict name: "layer1.0.conv1.weight" */
  int32_t rank;         /**< number of dimensions */
  const int64_t *shape; /**< `rank` dimensions */
} netc_tensor_info;

/** An opened and validated safetensors file. */
typedef struct netc_weights netc_weights;

/**
 * Opens the safetensors file at `path` (memory-mapped when large) and validates
 * its header and the placement of every tensor. On success stores the weights
 * in `*out`; on failure leaves `*out` untouched.
 */
netc_status *netc_weights_open_file(const char *path, netc_weights **out);

/**
 * Like netc_weights_open_file, for safetensors bytes already in memory. The
 * bytes are NOT copied: they must stay alive and unchanged until the weights
 * are freed.
 */
netc_status *netc_weights_open_buffer(const void *data, size_t size, netc_weights **out);

/** Releases the weights and every pointer netc_weights_bind returned; NULL is allowed. */
void netc_weights_free(netc_weights *weights);

/**
 * Finds the `count` tensors of `expected` and stores in `pointers[i]` the
 * float32, contiguous, row-major, 64-byte-aligned data of `expected[i]`, valid
 * while `weights` lives. F32 data is used in place when aligned and copied
 * otherwise; F16 and BF16 are converted to F32. Tensors of the file that are
 * not expected are ignored.
 *
 * Fails, leaving `pointers` untouched, if any tensor is missing, has another
 * shape or a dtype other than F32, F16 or BF16; the message lists every such
 * problem, one per line. May be called from several threads on the same
 * weights, for instance by two instances of one model.
 */
netc_status *netc_weights_bind(netc_weights *weights, const netc_tensor_info *expected,
                               int32_t count, const float **pointers);

/*===----------------------------------------------------------------------===*
 * Memory
 *===----------------------------------------------------------------------===*/

/**
 * `bytes` of memory for a model's prepared weights or scratch arena, 64-byte
 * aligned and, where the system allows, on transparent huge pages: kernels
 * stride through large filters, and 4 KiB pages would miss the TLB on every
 * step. NULL if out of memory. Release with netc_free.
 */
void *netc_alloc(size_t bytes);

/** Releases memory from netc_alloc; NULL is allowed. */
void netc_free(void *memory);

/*===----------------------------------------------------------------------===*
 * Threads
 *===----------------------------------------------------------------------===*/

/**
 * Sets how many threads the inferences started from the calling thread use
 * (compiled models run their layers on an OpenMP team); by default, one per
 * core or OMP_NUM_THREADS. Fails if `count` is below 1.
 */
netc_status *netc_set_threads(int32_t count);

/** How many threads inferences started from the calling thread use. */
int32_t netc_get_threads(void);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* NETC_RUNTIME_H */
