/**
 * Container image references as they appear in Pod specs ({@link io.trustgate.core.image.ImageRef})
 * and the globs policies use to say which images they govern ({@link
 * io.trustgate.core.image.ImageGlob}). Both treat their input as hostile: bounded, linear-time,
 * and failing only with their documented exception.
 */
package io.trustgate.core.image;
