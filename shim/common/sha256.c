/* FIPS 180-4, written for size rather than speed: a profile is a few kB. */
#include "common/sha256.h"

#include <stdint.h>
#include <string.h>

static const uint32_t round_constants[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, int n)
{
	return x >> n | x << (32 - n);
}

/* The message schedule in a ring of 16 words, computed as the rounds go:
 * one loop, for size. */
static void compress(uint32_t h[8], const unsigned char *block)
{
	uint32_t w[16], v[8];
	memcpy(v, h, sizeof(v));
	for (int i = 0; i < 64; i++) {
		uint32_t *wi = &w[i & 15];
		if (i < 16) {
			const unsigned char *b = block + 4 * i;
			*wi = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
		} else {
			uint32_t w15 = w[(i + 1) & 15], w2 = w[(i + 14) & 15];
			*wi += (ror(w15, 7) ^ ror(w15, 18) ^ w15 >> 3) + w[(i + 9) & 15] +
			       (ror(w2, 17) ^ ror(w2, 19) ^ w2 >> 10);
		}
		uint32_t t1 = v[7] + (ror(v[4], 6) ^ ror(v[4], 11) ^ ror(v[4], 25)) + ((v[4] & v[5]) ^ (~v[4] & v[6])) +
			      round_constants[i] + *wi;
		uint32_t t2 = (ror(v[0], 2) ^ ror(v[0], 13) ^ ror(v[0], 22)) + ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
		memmove(v + 1, v, 7 * sizeof(v[0]));
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (int i = 0; i < 8; i++)
		h[i] += v[i];
}

void sha256(const void *data, size_t len, unsigned char digest[32])
{
	uint32_t h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	unsigned char tail[128] = { 0 };
	size_t full = len & ~(size_t)63, rest = len - full, end = rest < 56 ? 64 : 128;
	for (size_t at = 0; at < full; at += 64)
		compress(h, (const unsigned char *)data + at);
	memcpy(tail, (const unsigned char *)data + full, rest);
	tail[rest] = 0x80;
	for (int i = 0; i < 8; i++)
		tail[end - 1 - i] = (unsigned char)((uint64_t)len * 8 >> 8 * i);
	for (size_t at = 0; at < end; at += 64)
		compress(h, tail + at);
	for (int i = 0; i < 32; i++)
		digest[i] = (unsigned char)(h[i / 4] >> (24 - 8 * (i % 4)));
}
