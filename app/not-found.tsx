import Link from 'next/link';

export default function NotFound() {
  return (
    <main id="main" className="page">
      <div className="card empty empty-page">
        <p className="empty-title">Page not found</p>
        <p>There is nothing at this address.</p>
        <Link href="/" className="btn">
          Go to the overview
        </Link>
      </div>
    </main>
  );
}
