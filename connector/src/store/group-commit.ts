/**
 * Commits what several callers hand in during one turn of the event loop in one transaction, and answers each its
 * own result once that transaction is committed. A SQLite commit with `synchronous = FULL` waits for the disk and
 * blocks the only thread while it does; with widgets posting at once, one wait per turn instead of one per request is
 * what lets one connector take their events as fast as they come. Durability is unchanged: nobody hears of success
 * before the commit that holds their input.
 *
 * If a group's transaction fails, each input is committed again on its own, so one bad input fails only its caller.
 */
export class GroupCommit<In, Out> {
  private queue: { readonly input: In; readonly resolve: (out: Out) => void; readonly reject: (error: unknown) => void }[] = [];
  private scheduled = false;

  /** `commit` runs the whole group in one transaction and answers one result per input, in order. */
  constructor(private readonly commit: (inputs: readonly In[]) => Out[]) {}

  add(input: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // After the I/O callbacks of this turn: every request whose body arrived with this one joins the group.
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits whatever waits, now (the store is closing). */
  flush(): void {
    this.scheduled = false;
    const group = this.queue;
    this.queue = [];
    if (group.length === 0) return;
    let outs: Out[];
    try {
      outs = this.commit(group.map((entry) => entry.input));
    } catch (error) {
      if (group.length === 1) {
        group[0]!.reject(error);
        return;
      }
      for (const entry of group) {
        try {
          entry.resolve(this.commit([entry.input])[0]!);
        } catch (own) {
          entry.reject(own);
        }
      }
      return;
    }
    group.forEach((entry, i) => entry.resolve(outs[i]!));
  }
}
