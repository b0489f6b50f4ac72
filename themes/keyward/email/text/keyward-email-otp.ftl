<#ftl output_format="plainText">
<#if registration>${msg("keywardEmailOtpRegisterBody", organisation, code, lifetimeInMinutes)}<#else>${msg("keywardEmailOtpBody", organisation, code, lifetimeInMinutes)}</#if>
