/** A min-heap of (due, key). Entries are checked against the store when popped, so removal is lazy. */
export class TimerHeap {
  private readonly items: { due: number; key: string }[] = [];

  get size(): number {
    return this.items.length;
  }

  push(due: number, key: string): void {
    const a = this.items;
    a.push({ due, key });
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p].due <= a[i].due) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }

  peek(): { due: number; key: string } | undefined {
    return this.items[0];
  }

  pop(): { due: number; key: string } | undefined {
    const a = this.items;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l].due < a[m].due) m = l;
        if (r < a.length && a[r].due < a[m].due) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}
