"""Opening the encrypted database: key custody, SQLCipher pragmas, schema, backup, rekey."""
