// SuperSimple's error-inflation factor and assumed error rates (Stark 2010), as the doubles
// Arlo builds its Decimals from (Decimal(1.03905) is 1.03904999999999994…).

/** γ, the error-inflation factor. */
export const GAMMA = 1.03905;
/** Assumed 1-vote overstatement rate. */
export const R1 = 0.001;
/** Assumed 2-vote overstatement rate. */
export const R2 = 0.0001;
/** Assumed 1-vote understatement rate. */
export const S1 = 0.001;
/** Assumed 2-vote understatement rate. */
export const S2 = 0.0001;
