import type { Log } from '../core/ports/log.js';

/** The logger used when none is passed in: says nothing. */
export const nullLog: Log = {
  traffic() {}, debug() {}, info() {}, warn() {}, error() {},
  child() { return nullLog; },
};
