// Placeholder until apps/idp lands: the demo command starts the IdP, the API and the dashboard.
console.error(
  'The demo is not assembled yet: apps/idp, apps/bank-api and apps/bank-dashboard are on their way.',
);
process.exit(1);
