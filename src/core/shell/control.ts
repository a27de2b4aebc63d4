/** `exit N` unwinding a script (thrown through the interpreter's generators). */
export class ShellExit {
  constructor(readonly code: number) {}
}
