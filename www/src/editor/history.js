// @ts-check
// The document in the page, with undo and redo. Every change goes through `edit` (or `replace`
// for an opened file): the change runs on a copy, the copy is shown (rendered and validated by the
// core through the `show` callback), and only when that succeeds does it become the document and
// an undo step. So a failed edit or import leaves the document, the picture and the undo stack as
// they were. Snapshots rather than inverse operations: a document is small next to the picture,
// and a snapshot cannot be undone wrongly. No DOM here: Node tests drive it.

/** @typedef {import('./model.js').Doc} Doc */

/** How many steps undo keeps. */
const LIMIT = 200;

export class History {
  /**
   * @param {(doc: Doc) => Promise<void>} show draws `doc`; throws (drawing nothing) if it is invalid
   * @param {(doc: Doc) => void} [saved] called after every change that became the document
   */
  constructor(show, saved = () => {}) {
    this.show = show;
    this.saved = saved;
    /** @type {Doc | null} */
    this.doc = null;
    /** @type {{doc: Doc, label: string}[]} */
    this.past = [];
    /** @type {{doc: Doc, label: string}[]} */
    this.future = [];
    /** Edits run one after another, so two quick ones cannot both start from the same document. */
    /** @type {Promise<unknown>} */
    this.queue = Promise.resolve();
  }

  /** @template T @param {() => Promise<T>} job @returns {Promise<T>} */
  serial(job) {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => {});
    return run;
  }

  /**
   * Show `next` and make it the document; `label` names the undo step (null: not undoable, for
   * the document a session starts with).
   * @param {Doc} next @param {string | null} label
   */
  async commit(next, label) {
    await this.show(next);
    if (label !== null && this.doc) {
      this.past.push({ doc: this.doc, label });
      if (this.past.length > LIMIT) this.past.shift();
      this.future = [];
    }
    this.doc = next;
    this.saved(next);
  }

  /** Start with `doc`, forgetting the undo history. @param {Doc} doc */
  start(doc) {
    return this.serial(async () => {
      await this.show(doc);
      this.doc = doc;
      this.past = [];
      this.future = [];
      this.saved(doc);
    });
  }

  /**
   * Change the document: `change` edits a copy in place (and may throw to refuse the edit).
   * @param {string} label @param {(doc: Doc) => void | Promise<void>} change
   */
  edit(label, change) {
    return this.serial(async () => {
      if (!this.doc) throw new Error('no document yet');
      const next = structuredClone(this.doc);
      await change(next);
      await this.commit(next, label);
    });
  }

  /** Replace the whole document (an opened file), as one undoable step. @param {string} label @param {Doc} doc */
  replace(label, doc) {
    return this.serial(() => this.commit(doc, label));
  }

  get canUndo() {
    return this.past.length > 0;
  }

  get canRedo() {
    return this.future.length > 0;
  }

  /** Go back one step; resolves to its label, or null when there is none. */
  undo() {
    return this.serial(async () => {
      const step = this.past.at(-1);
      if (!step || !this.doc) return null;
      await this.show(step.doc);
      this.past.pop();
      this.future.push({ doc: this.doc, label: step.label });
      this.doc = step.doc;
      this.saved(step.doc);
      return step.label;
    });
  }

  /** Redo the last undone step; resolves to its label, or null. */
  redo() {
    return this.serial(async () => {
      const step = this.future.at(-1);
      if (!step || !this.doc) return null;
      await this.show(step.doc);
      this.future.pop();
      this.past.push({ doc: this.doc, label: step.label });
      this.doc = step.doc;
      this.saved(step.doc);
      return step.label;
    });
  }
}
