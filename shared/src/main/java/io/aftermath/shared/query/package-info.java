/**
 * The read side's language: typed queries ({@code Find…}, {@code Search…}) and the records they answer
 * with. Records only, no persistence or Spring types, so any client of the query bus can use them.
 */
package io.aftermath.shared.query;
