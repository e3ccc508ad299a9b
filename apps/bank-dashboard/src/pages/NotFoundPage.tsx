import { Link } from 'react-router';
import { PageHeader } from '../components/PageHeader';

export function NotFoundPage() {
  return (
    <div className="card">
      <PageHeader title="Page not found" description="This page does not exist." />
      <Link to="/overview" className="button button--primary">
        Go to your overview
      </Link>
    </div>
  );
}
