// @ts-check
// The document in the page, with undo and redo. Every change goes through `edit` (or `replace`
// for an opened file): the change runs on a copy, the copy is shown (rendered and validated by the
// core through the `show` callback), and only when that succeeds does it become the document and
// an undo step. So a failed edit or import leaves the document, the picture and the undo stack as
// they were. Snapshots rather than inverse operations: a document is small next to the picture,
// and a snapshot cannot be undone wrongly. No DOM here: Node tests drive it.
//
// The current document's JSON text is kept beside it, written once per change: the core reads
// the text (a string crosses to the layout worker as one copy, where the object was cloned in
// the page and again in the worker, then turned into text there), the autosave stores it, and
// the next edit's copy is parsed from it (`JSON.parse` is faster than `structuredClone`), ahead
// of time: when the page is idle after a change, so an edit does not wait for it (≈ 2.7 ms at
// 50 VPCs in a Chromium profile, in the frame an edit must fit in).

/** @typedef {import('./model.js').Doc} Doc */

/** How many steps undo keeps. */
const LIMIT = 200;

/** Run `job` when the page is idle (after the frame being drawn), or soon where there is no idle callback (Node). */
const whenIdle = (/** @type {() => void} */ job) => {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(job, { timeout: 500 });
  else setTimeout(job, 0);
};

export class History {
  /**
   * @param {(doc: Doc, text: string) => Promise<void>} show draws `doc` (`text` is its JSON);
   *   throws (drawing nothing) if it is invalid
   * @param {(doc: Doc, text: string) => void} [saved] called after every change that became the
   *   document
   */
  constructor(show, saved = () => {}) {
    this.show = show;
    this.saved = saved;
    /** @type {Doc | null} */
    this.doc = null;
    /** `JSON.stringify(this.doc)` */
    this.text = '';
    /** A fresh copy of the document for the next edit, parsed from `text` while the page was idle. */
    /** @type {Doc | null} */
    this.spare = null;
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
    const text = await this.drawn(next);
    if (label !== null && this.doc) {
      this.past.push({ doc: this.doc, label });
      if (this.past.length > LIMIT) this.past.shift();
      this.future = [];
    }
    this.become(next, text);
  }

  /** Draw `doc` (throws if it is refused); resolves to its JSON text. @param {Doc} doc */
  async drawn(doc) {
    const text = JSON.stringify(doc);
    await this.show(doc, text);
    return text;
  }

  /** Make `doc` (JSON `text`) the document and save it. @param {Doc} doc @param {string} text */
  become(doc, text) {
    this.doc = doc;
    this.text = text;
    this.spare = null;
    this.saved(doc, text);
    whenIdle(() => {
      if (this.text === text && !this.spare) this.spare = JSON.parse(text);
    });
  }

  /** Start with `doc`, forgetting the undo history. @param {Doc} doc */
  start(doc) {
    return this.serial(async () => {
      const text = await this.drawn(doc);
      this.past = [];
      this.future = [];
      this.become(doc, text);
    });
  }

  /**
   * Change the document: `change` edits a copy in place (and may throw to refuse the edit).
   * @param {string} label @param {(doc: Doc) => void | Promise<void>} change
   */
  edit(label, change) {
    return this.serial(async () => {
      if (!this.doc) throw new Error('no document yet');
      const next = this.spare ?? JSON.parse(this.text);
      this.spare = null;
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
      const text = await this.drawn(step.doc);
      this.past.pop();
      this.future.push({ doc: this.doc, label: step.label });
      this.become(step.doc, text);
      return step.label;
    });
  }

  /** Redo the last undone step; resolves to its label, or null. */
  redo() {
    return this.serial(async () => {
      const step = this.future.at(-1);
      if (!step || !this.doc) return null;
      const text = await this.drawn(step.doc);
      this.future.pop();
      this.past.push({ doc: this.doc, label: step.label });
      this.become(step.doc, text);
      return step.label;
    });
  }
}
