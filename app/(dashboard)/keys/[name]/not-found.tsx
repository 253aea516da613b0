import Link from 'next/link';

export default function KeyNotFound() {
  return (
    <div className="card empty empty-page">
      <p className="empty-title">Key not found</p>
      <p>No key by that name exists. It may have been deleted.</p>
      <Link href="/keys" className="btn">
        Back to keys
      </Link>
    </div>
  );
}
