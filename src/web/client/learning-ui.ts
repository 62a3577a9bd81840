/**
 * Small form helpers shared by the learning pages (aims and driver diagrams, PDSA
 * cycles): labelled controls, a form that shows the API's one-sentence refusal next
 * to itself, and a notice that survives the page being drawn again after a change.
 */
import { h, type Child } from './dom.ts';

let counter = 0;
/** An id unique on the page, for label `for` and `aria-describedby`. */
export const uid = (prefix: string): string => `${prefix}-${++counter}`;

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** A control with its visible label and, optionally, a hint read with it. */
export function field(label: string, control: Control, hint?: Child): HTMLElement {
  if (!control.id) control.id = uid('f');
  let hintEl: HTMLElement | null = null;
  if (hint) {
    hintEl = h('span', { class: 'hint', id: uid('hint') }, hint);
    control.setAttribute('aria-describedby', hintEl.id);
  }
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), hintEl, control);
}

/** A checkbox (or radio button) with its label after it. */
export function check(label: Child, control: HTMLInputElement): HTMLElement {
  if (!control.id) control.id = uid('c');
  return h('div', { class: 'check' }, control, h('label', { for: control.id }, label));
}

export const text = (name: string, value: string | null = '', attrs: Record<string, string | number | boolean | null> = {}) =>
  h('input', { type: 'text', name, value: value ?? '', ...attrs });

export const area = (name: string, value: string | null = '', rows = 3) => h('textarea', { name, rows }, value ?? '');

/** Checkboxes named `measures`, one per measure, those in `chosen` ticked. */
export function measureChoices(legend: string, measures: readonly { slug: string; definition: { name: string } }[], chosen: readonly string[]): HTMLElement {
  return h(
    'fieldset',
    { class: 'choices' },
    h('legend', {}, legend),
    measures.map((m) => check(m.definition.name, h('input', { type: 'checkbox', name: 'measures', value: m.slug, checked: chosen.includes(m.slug) }))),
  );
}

/** A form whose submission runs `submit`; a refusal is shown in its alert with the API's sentence. */
export function apiForm(
  attrs: { label: string; class?: string },
  children: Child[],
  submit: (form: HTMLFormElement, submitter: HTMLButtonElement | null) => Promise<void>,
): HTMLFormElement {
  const alert = h('p', { class: 'error form-error', role: 'alert' });
  const form = h('form', { class: `learn-form ${attrs.class ?? ''}`.trim(), 'aria-label': attrs.label, novalidate: true }, children, alert);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const submitter = ((e as SubmitEvent).submitter as HTMLButtonElement | null) ?? null;
    void run(form, alert, () => submit(form, submitter));
  });
  return form;
}

/** Runs a change with the form's buttons disabled; a refusal goes in the alert. */
export async function run(form: HTMLElement, alert: HTMLElement, change: () => Promise<void>): Promise<void> {
  const buttons = [...form.querySelectorAll('button')];
  buttons.forEach((b) => (b.disabled = true));
  alert.textContent = '';
  try {
    await change();
  } catch (e) {
    alert.textContent = (e as Error).message;
  } finally {
    buttons.forEach((b) => b.isConnected && (b.disabled = false));
  }
}

/** The value of a named control of a form, trimmed. */
export function value(form: HTMLFormElement, name: string): string {
  const el = form.elements.namedItem(name) as Control | RadioNodeList | null;
  return el ? String(el.value ?? '').trim() : '';
}

/** Values of the checked checkboxes with that name. */
export function checked(form: HTMLFormElement, name: string): string[] {
  return [...form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]:checked`)].map((i) => i.value);
}

/** Lines of a textarea, without empty ones. */
export function lines(form: HTMLFormElement, name: string): string[] {
  return value(form, name)
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

let pending: { anchor: string; message: string } | null = null;

/** After the next draw, say `message` beside the element with id `anchor` and move focus there. */
export function noticeAfterRender(anchor: string, message: string): void {
  pending = { anchor, message };
}

export function showNotice(root: HTMLElement): void {
  if (!pending) return;
  const { anchor, message } = pending;
  pending = null;
  const target = root.querySelector<HTMLElement>(`#${CSS.escape(anchor)}`);
  if (!target) return;
  target.insertAdjacentElement('afterend', h('p', { class: 'notice', role: 'status' }, h('span', { 'aria-hidden': 'true' }, '✓ '), message));
  if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
  target.focus();
  target.scrollIntoView({ block: 'start' });
}

/** Today as YYYY-MM-DD in the browser's time zone. */
export function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export const PERIOD_FORMAT: Record<string, string> = { monthly: 'YYYY-MM, e.g. 2024-01', quarterly: 'YYYY-Qn, e.g. 2024-Q1', weekly: 'YYYY-Www, e.g. 2024-W05' };
