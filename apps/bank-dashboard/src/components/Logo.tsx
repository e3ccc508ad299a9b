import { Link } from 'react-router';

export function Logo() {
  return (
    <Link to="/" className="logo" aria-label="Sesame Bank home">
      <svg className="logo__mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
        <rect width="32" height="32" rx="8" />
        <path d="M9 20c0 2 2.5 3.5 7 3.5s7-1.5 7-4-2.5-3.5-7-4-7-1.5-7-4 2.5-3.5 7-3.5 7 1.5 7 3.5" />
      </svg>
      <span className="logo__text">Sesame Bank</span>
    </Link>
  );
}
