//! TODO
pub fn emit(_r: &super::Report<'_>, _w: &mut dyn std::io::Write) -> std::io::Result<()> {
    Ok(())
}
