package io.trustgate.core.manifest;

/** One file of a release and its SHA-256 (lowercase hex). */
public record Artifact(String name, String sha256) {}
