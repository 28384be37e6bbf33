/* sl_rule_inline.h — how the rule headers (sl_optim_rule.h, sl_verdict_rule.h) declare
 * their pieces. */
#ifndef SL_RULE_INLINE_H
#define SL_RULE_INLINE_H

/* Inlined also without optimisation: the sweep's lanes call these on every lane. */
#ifndef SL__RULE_INLINE
#if defined(__GNUC__)
#define SL__RULE_INLINE static inline __attribute__((always_inline))
#else
#define SL__RULE_INLINE static inline
#endif
#endif

#endif
