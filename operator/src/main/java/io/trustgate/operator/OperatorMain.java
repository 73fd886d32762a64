package io.trustgate.operator;

/** Entry point of the operator process. */
public final class OperatorMain {
  private OperatorMain() {}

  public static void main(String[] args) {
    throw new UnsupportedOperationException("the operator is not assembled yet");
  }
}
