/** Time comes into the product only through this port, so tests can move it. */
export interface Clock {
  /** Current instant. */
  now(): Date;
}
