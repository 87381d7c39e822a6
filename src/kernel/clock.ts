/** The time source. Domain code takes `now` as an argument; services get it from here. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
