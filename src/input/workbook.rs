//! Workbooks (`.xlsx`, `.xlsm`, `.xls`, `.ods`): not read yet.

use super::{Kind, ReadOptions, Sheet};
use crate::error::{DataError, Result};

/// Reads one sheet of a workbook.
pub fn read(name: &str, kind: Kind, _bytes: &[u8], _options: &ReadOptions) -> Result<Sheet> {
    Err(DataError::Unsupported {
        file: name.into(),
        what: format!("a {kind:?} workbook"),
        hint: "export the sheet as CSV UTF-8 and pass that file".into(),
    }
    .into())
}
