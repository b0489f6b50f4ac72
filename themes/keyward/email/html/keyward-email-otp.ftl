<#import "template.ftl" as layout>
<@layout.emailLayout>
<#if registration>
${kcSanitize(msg("keywardEmailOtpRegisterBodyHtml", organisation, code, lifetimeInMinutes))?no_esc}
<#else>
${kcSanitize(msg("keywardEmailOtpBodyHtml", organisation, code, lifetimeInMinutes))?no_esc}
</#if>
</@layout.emailLayout>
