/** DI token for the validated {@link SimulatorsConfig}. */
export const SIM_CONFIG = Symbol('SIM_CONFIG');
/** DI token for the random source used by fault injection (tests pass a deterministic one). */
export const SIM_RANDOM = Symbol('SIM_RANDOM');
