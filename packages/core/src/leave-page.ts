/**
 * Sesame's default `navigate`: leaves the page for `url`. With `form`, as a POST of those fields (an
 * HTML form submitted at once), so their values stay out of the URL, the browser history and the
 * server's access logs; without, as a GET.
 */
export function leavePage(url: string, form?: URLSearchParams): void {
  if (!form) return location.assign(url);
  const element = Object.assign(document.createElement('form'), { method: 'post', action: url });
  form.forEach((value, name) =>
    element.append(Object.assign(document.createElement('input'), { type: 'hidden', name, value })),
  );
  document.body.appendChild(element).submit();
}
