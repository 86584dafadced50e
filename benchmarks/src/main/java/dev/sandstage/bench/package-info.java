/** Benchmarks and load generators. Run them through {@code ./sandstage bench}; never as tests. */
package dev.sandstage.bench;
