package io.trustgate.core.policy;

import io.trustgate.core.image.ImageGlob;

/** One governed image family of a compiled policy. */
public record CompiledSelector(ImageGlob glob, String variant) {}
