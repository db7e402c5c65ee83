#ifndef FMM_CGMP_SHIM_H
#define FMM_CGMP_SHIM_H
/* GMP's documented names are macros; Swift imports the __gmpz_* / __gmpq_* symbols directly.
   The function-like macros below cannot be imported, so they get static inline wrappers. */
#include <gmp.h>

static inline int fmm_mpz_sgn(const mpz_t z) { return mpz_sgn(z); }
static inline int fmm_mpq_sgn(const mpq_t q) { return mpq_sgn(q); }
static inline mpz_ptr fmm_mpq_numref(mpq_ptr q) { return mpq_numref(q); }
static inline mpz_ptr fmm_mpq_denref(mpq_ptr q) { return mpq_denref(q); }
static inline int fmm_mpz_odd_p(const mpz_t z) { return mpz_odd_p(z); }
static inline int fmm_mpz_cmp_si(const mpz_t z, long v) { return mpz_cmp_si(z, v); }

#endif
