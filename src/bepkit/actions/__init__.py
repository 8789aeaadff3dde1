"""What a user does, one module per job: new, reserve, status, split, sync, context, ..."""
