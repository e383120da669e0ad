/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * Little-endian fields of on-disk structures (ext4.c, partition.c), read
 * byte by byte: nothing in a disk image need be aligned.
 */
#ifndef LIBHV_LE_H
#define LIBHV_LE_H

#include <stdint.h>

static inline uint16_t le16(const unsigned char *p)
{
	return p[0] | p[1] << 8;
}

static inline uint32_t le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t le64(const unsigned char *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

#endif /* LIBHV_LE_H */
