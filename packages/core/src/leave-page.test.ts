import { afterEach, describe, expect, it, vi } from 'vitest';
import { leavePage } from './leave-page';

describe('leavePage', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    document.body.replaceChildren();
  });

  it('posts the fields as a form of hidden inputs, with nothing in the action URL', () => {
    const submitted: HTMLFormElement[] = [];
    vi.spyOn(HTMLFormElement.prototype, 'submit').mockImplementation(function (
      this: HTMLFormElement,
    ) {
      submitted.push(this);
    });
    const fields = new URLSearchParams({ id_token_hint: 'eyJ.a.b', state: 's 1&2' });
    leavePage('https://idp.example/logout', fields);

    expect(submitted).toHaveLength(1);
    const form = submitted[0]!;
    expect(form.isConnected).toBe(true); // a form outside the document does not submit
    expect(form.method).toBe('post');
    expect(form.action).toBe('https://idp.example/logout');
    const inputs = [...form.querySelectorAll('input')];
    expect(inputs.map((input) => [input.type, input.name, input.value])).toEqual([
      ['hidden', 'id_token_hint', 'eyJ.a.b'],
      ['hidden', 'state', 's 1&2'],
    ]);
    expect(Object.fromEntries(new FormData(form))).toEqual(Object.fromEntries(fields));
  });
});
