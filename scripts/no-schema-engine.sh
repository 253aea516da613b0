#!/bin/sh
echo "The native Prisma schema engine is not used here: run npm run db:migrate (scripts/migrate.ts)." >&2
exit 1
