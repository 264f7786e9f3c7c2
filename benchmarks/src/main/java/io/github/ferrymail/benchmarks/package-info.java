/**
 * Ferry's benchmarks: JMH microbenchmarks of core ({@code *Benchmark}, run through {@code
 * org.openjdk.jmh.Main}) and bench programs against real servers ({@code *Bench}, each with a
 * {@code main}). Never run by the build; see {@code docs/benchmarks.md} for the commands.
 */
@NullMarked
package io.github.ferrymail.benchmarks;

import org.jspecify.annotations.NullMarked;
