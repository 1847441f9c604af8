"""Cases (meldingen), one module for each kind of work on them:

- rules: the pure rules, without the database (which categories fit a type, the ex-employee's
  year, the status transitions, the outcome on closing, the whistleblower act's dates);
- admission: the rules every new case meets, whoever makes it (intake and imports);
- codes: the case codes ('YYYY-NNNN');
- queries: the case list, its pages and search, and the whole case file;
- intake: the intake form, its defaults and checks, and opening a case;
- status: changing the status, closing, the melder's consent and the whistleblower act's
  confirmations.
"""
